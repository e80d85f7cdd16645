/** OpenAPI descriptions of the lookup routes not yet declared with createRoute. */
import type { RouteDoc } from '../http/openapi-types';
import { buildingCodeParam, lookupQuery } from './buildings';

export const coreDocs: RouteDoc[] = [
  { method: 'get', path: '/buildings/{code}/coverage', tag: 'lookup', summary: 'Who covers a building: community, compound, cell, people, party chain, party member, volunteer teams (phones masked unless permitted; Cache-Control: no-store)', params: buildingCodeParam, returns: '{building, community, compound, cell, people, partyChain, partyMember, volunteerTeams, phonesMasked}', errors: { 404: 'Unknown building' } },
  { method: 'get', path: '/lookup', tag: 'lookup', summary: 'The building at (or nearest within the tolerance to) a point, with its coverage chain', query: lookupQuery, returns: 'the coverage chain plus distanceMetres', errors: { 404: 'no_building_near: no building within the tolerance; details.searchedMetres, lng, lat' } },
];
