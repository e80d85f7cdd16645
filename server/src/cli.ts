/**
 * The `gridplan` command: serve, demo, migrate, import, export, locate, print.
 */
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { openConfigured } from './db/pool';
import { migrate } from './db/migrate';
import { beginOpening } from './ops/first-start';

const USAGE = `usage: gridplan <command> [options]
  serve [--port 8080]                      API + web app (DATABASE_URL, else embedded in GRIDPLAN_DATA_DIR)
  demo [--communities N] [--seed S]        (re)create the demo town in the configured database
  migrate                                  apply database migrations
  import FILE --layer LAYER [--crs wgs84|cgcs2000|gcj02|bd09|EPSG:n] [--mode upsert|insert] [--dry-run] [--table NAME]
  export --layer LAYER --format geojson|csv|gpkg [--out FILE]
  export --layer grid-plans [--community CODE] [--out FILE]   grid plans with their cells; import FILE --layer grid-plans
  locate FILE.json                         solve a p-median / maximal covering problem, print JSON
  print COMMUNITY --format pdf|png --out FILE [--size A4|A3] [--lang zh-CN|en]
                                           the community's published grid map as a printable page
  users add|passwd|list|disable|enable …   accounts (gridplan users for details); backup FILE; restore FILE [--force]`;

/** The largest demo: a province's worth of communities (Jiangsu has about 20,000). */
const MAX_DEMO_COMMUNITIES = 20000;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const ops = await import('./ops/cli');
  if ((ops.OPS_COMMANDS as readonly string[]).includes(command)) {
    return ops
      .runOpsCommand(command as (typeof ops.OPS_COMMANDS)[number], rest)
      .catch((err: unknown) => (err instanceof ops.UsageError ? fail(err.message) : Promise.reject(err)));
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      communities: { type: 'string' },
      seed: { type: 'string' },
      layer: { type: 'string' },
      crs: { type: 'string' },
      table: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      mode: { type: 'string' },
      size: { type: 'string' },
      lang: { type: 'string' },
      community: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
  });
  switch (command) {
    case 'serve': {
      const port = Number(values.port ?? process.env.PORT ?? 8080);
      if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`--port must be a port number, got ${values.port}`);
      // The database opens (on its own thread when embedded) while the server's modules load.
      const opening = beginOpening((line) => console.log(line));
      const { startServer } = await import('./server');
      await startServer({ port, opening });
      return;
    }
    case 'migrate': {
      const db = await openConfigured();
      const report = await migrate(db, console.log);
      console.log(`applied ${report.applied.length}, already applied ${report.alreadyApplied}`);
      await db.close();
      return;
    }
    case 'demo': {
      const communities = values.communities === undefined ? 22 : Number(values.communities);
      const seed = values.seed === undefined ? 2008 : Number(values.seed);
      if (!Number.isInteger(communities) || communities < 1 || communities > MAX_DEMO_COMMUNITIES)
        fail(`--communities must be a whole number from 1 to ${MAX_DEMO_COMMUNITIES}`);
      if (!Number.isInteger(seed)) fail('--seed must be a whole number');
      const { loadDemoTown } = await import('../../data/load');
      const db = await openConfigured();
      await migrate(db, console.log);
      const report = await loadDemoTown(db, { communities, seed, log: console.log });
      console.log(JSON.stringify(report.counts));
      await db.close();
      return;
    }
    case 'locate': {
      const file = positionals[0] ?? fail('usage: gridplan locate FILE.json');
      const { validateLocateProblem, solveLocation } = await import('./domain/locate');
      let json: unknown;
      try {
        json = JSON.parse(await readFile(file, 'utf8'));
      } catch (err) {
        fail(`cannot read ${file}: ${(err as Error).message}`);
      }
      const checked = validateLocateProblem(json);
      if (!checked.ok) fail(checked.problems.map((problem) => problem.message).join('\n'));
      console.log(JSON.stringify(await solveLocation(checked.problem)));
      const { closeSolverPool } = await import('./domain/solver/highs');
      await closeSolverPool(); // the solver worker thread is not needed past this one solve
      return;
    }
    case 'print': {
      const usage = 'usage: gridplan print COMMUNITY --format pdf|png --out FILE [--size A4|A3] [--lang zh-CN|en]';
      const community = positionals[0] ?? fail(usage);
      const out = values.out ?? fail(usage);
      const { printQuery } = await import('./contract/print');
      const options = printQuery.safeParse({ format: values.format, size: values.size, lang: values.lang });
      if (!options.success) fail(`${options.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n${usage}`);
      const { printCommunity } = await import('./data/print-basemap');
      const { writeFile } = await import('node:fs/promises');
      const db = await openConfigured();
      try {
        const { data, file } = await printCommunity(db, community, {
          format: options.data.format,
          size: options.data.size,
          language: options.data.lang,
        });
        await writeFile(out, file.body);
        console.log(
          `${out}: ${data.community.name}, ${data.cells.length} cells, ${options.data.size} ${options.data.format} (${file.body.length} bytes)`,
        );
      } finally {
        await db.close();
      }
      return;
    }
    case 'import':
    case 'export': {
      const { runDataCommand } = await import('./data/cli');
      await runDataCommand(command, positionals, values);
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      fail(`unknown command ${command}\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
