/** Package version, recorded in provenance and printed by `mmf --version`. Keep in step with package.json. */
export const VERSION = '0.1.0';
