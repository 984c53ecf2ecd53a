import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export type EmbeddedDatabaseOptions = { dataDir: string } | { inMemory: true };

export interface EmbeddedDatabase {
  /** A postgresql:// URL for `pg`, Prisma's adapter-pg and the schema engine. */
  url: string;
  stop(): Promise<void>;
}

// The socket server refuses connections beyond this limit (its default is 1), and a pg pool
// that drops a connection after a query error needs a spare slot while the old one closes.
const MAX_CONNECTIONS = 20;

/**
 * PostgreSQL compiled to WebAssembly (PGlite), served over the wire protocol on 127.0.0.1, so
 * development and tests need no database server. PGlite runs one statement at a time: the
 * socket server queues every connection's messages in one FIFO.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = 'dataDir' in options ? resolve(options.dataDir) : undefined;
  let unlock = async () => {};
  if (dataDir) {
    // PGlite creates the data directory but not its missing parents.
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  let db: PGlite | undefined;
  try {
    db = await PGlite.create(dataDir ?? 'memory://');
    // Port 0: the OS picks a free port, so parallel test workers never collide.
    const server = new PGLiteSocketServer({
      db: keepExtendedQueriesTogether(db),
      host: '127.0.0.1',
      port: 0,
      maxConnections: MAX_CONNECTIONS,
    });
    await server.start();
    const database = db;
    let stopped: Promise<void> | undefined;
    return {
      // The server answers an SSL request with "no"; saying so up front keeps a PGSSLMODE from the
      // environment out of the way. User and database are PGlite's built-in ones.
      url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`,
      stop: () =>
        (stopped ??= (async () => {
          await server.stop();
          // close() waits for the statement in flight, then checkpoints the data directory.
          await database.close();
          await unlock();
        })()),
    };
  } catch (error) {
    await db?.close();
    await unlock();
    throw error;
  }
}

// Frontend message types of the extended query protocol, and the ones that end a batch of them.
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((type) => type.charCodeAt(0)));
const BATCH_END = new Set(['S', 'Q', 'X'].map((type) => type.charCodeAt(0)));
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/**
 * PGlite is one Postgres session shared by every connection of the socket server. The server
 * keeps the statements of a transaction together, but not the messages of one extended-protocol
 * query (Parse, Bind, Describe, Execute, Sync): under concurrency one connection's Bind met
 * another's Parse, giving errors ("unnamed prepared statement does not exist") and, worse, the
 * rows of the other connection's query. The server only lets the connection it served last go on
 * while the database says it is in a transaction, so this says so from Parse to Sync as well.
 */
function keepExtendedQueriesTogether(db: PGlite): PGlite {
  let inBatch = false;
  return new Proxy(db, {
    get(target, property) {
      switch (property) {
        case 'isInTransaction':
          return () => inBatch || target.isInTransaction();
        case 'execProtocolRawStream':
          return (...args: Parameters<PGlite['execProtocolRawStream']>) => {
            const type = args[0][0] ?? 0;
            if (EXTENDED.has(type)) inBatch = true;
            else if (BATCH_END.has(type)) inBatch = false;
            return target.execProtocolRawStream(...args);
          };
        case 'exec':
          // The server's ROLLBACK for a connection that left mid-transaction: end its batch first.
          return async (...args: Parameters<PGlite['exec']>) => {
            if (inBatch) {
              inBatch = false;
              await target.execProtocolRaw(SYNC);
            }
            return target.exec(...args);
          };
        default: {
          // PGlite keeps its state in private fields: its methods need the real instance as `this`.
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        }
      }
    },
  });
}

const lockedHere = new Set<string>();

/**
 * PGlite does not lock its data directory, and two instances on one directory silently lose
 * rows; the app and `db:migrate` both default to .data/pglite. A pid file next to the directory
 * makes the second one fail instead; the pid of a killed process does not block.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = `${dataDir}.lock`;
  for (;;) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' });
      lockedHere.add(lockFile);
      return async () => {
        lockedHere.delete(lockFile);
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(await readFile(lockFile, 'utf8').catch(() => ''));
    // Our own pid only counts if this process took the lock: a restarted container reuses pids.
    const held = holder === process.pid ? lockedHere.has(lockFile) : holder > 0 && isRunning(holder);
    if (held) throw new Error(`Embedded database ${dataDir} is already open in process ${holder}`);
    await rm(lockFile, { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
