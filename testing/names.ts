/**
 * Test database naming, shared by the global setup and the per-worker setup.
 * A worker's database is `<run database>_w<pool id>`, cloned from the migrated run database.
 */
export function workerDatabaseName(templateName: string, poolId: string): string {
  return `${templateName}_w${poolId}`;
}

export function databaseNameOf(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ""));
}

export function withDatabaseName(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** Tests truncate every table: refuse anything that does not look like a throwaway test database. */
export function assertTestDatabase(databaseUrl: string): void {
  const name = databaseNameOf(databaseUrl);
  if (!/test/i.test(name)) {
    throw new Error(
      `Refusing to run tests against the database "${name}": tests erase data, and its name does not ` +
        'contain "test". Run `npm test`, which creates a fresh test database for every run.',
    );
  }
}

export function requireTestDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Run the tests with `npm test` (or `npm test -- --unit-only`): it starts " +
        "Postgres, creates a fresh test database and sets DATABASE_URL for vitest.",
    );
  }
  assertTestDatabase(url);
  return url;
}
