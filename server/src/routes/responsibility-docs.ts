/** OpenAPI descriptions of the responsibility routes, gathered for openapi.ts. */
import type { RouteDoc } from '../http/openapi-types';
import { peopleDocs } from './people';
import { assignmentDocs } from './assignments';
import { partyDocs } from './party';
import { volunteerDocs } from './volunteers';
import { coverageReportDocs } from './coverage-report';

export const responsibilityDocs: RouteDoc[] = [...peopleDocs, ...assignmentDocs, ...partyDocs, ...volunteerDocs, ...coverageReportDocs];
