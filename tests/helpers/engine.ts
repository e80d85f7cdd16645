/**
 * Which database this run of the suite tests. `npm test` runs on the embedded database; with
 * DATABASE_URL the same files run against that PostgreSQL. Tests of the embedded engine's own
 * machinery (its thread, its PostGIS bundle, its data folders and the server processes on them)
 * do the same work in both runs, so they run in the embedded one; CI runs both.
 */
export const embeddedRun = !process.env.DATABASE_URL;
