/**
 * How atom neighbours were found before segments were matched (server/src/db/atoms.ts): every
 * pair of intersecting atoms of a community, measured by the overlay of their boundaries. Kept as
 * the reference the stored neighbours are compared with, and timed beside them in the import bench.
 * Gives community_code, a, b, shared_metres and crosses_road for every community's atoms.
 */
import { MIN_SHARED_METRES, OVERLAY_GRID_DEGREES } from '../../server/src/db/atoms';

export const REFERENCE_ADJACENCY = `
  WITH pair AS MATERIALIZED (
    SELECT x.community_code, x.building_code AS a, y.building_code AS b,
           ST_Length(ST_CollectionExtract(ST_Intersection(ST_Boundary(x.geom), ST_Boundary(y.geom), ${OVERLAY_GRID_DEGREES}), 2)::geography)
             AS shared_metres
    FROM building_atom x
    JOIN building_atom y ON y.community_code = x.community_code AND x.building_code < y.building_code AND x.geom && y.geom
    WHERE ST_Intersects(x.geom, y.geom)
  ), walk AS MATERIALIZED (
    SELECT pair.*, ST_MakeLine((SELECT ST_Centroid(geom) FROM building WHERE code = pair.a),
                               (SELECT ST_Centroid(geom) FROM building WHERE code = pair.b)) AS line
    FROM pair WHERE pair.shared_metres > ${MIN_SHARED_METRES}
  )
  SELECT walk.community_code, walk.a, walk.b, walk.shared_metres,
         EXISTS (SELECT 1 FROM road r WHERE r.geom && walk.line AND ST_Intersects(r.geom, walk.line)) AS crosses_road
  FROM walk`;
