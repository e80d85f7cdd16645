/** English fallback texts of the data in and out and the core resources: imports (problems by row/feature), exports, layers, settings, auth. */
export const ioMessages = {} as const;
