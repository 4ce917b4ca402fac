import {
  createDatabaseState,
  type DatabaseState,
  databaseBehaviour,
  databaseKilled,
} from "../database";
import type { DatabaseSpec } from "../types";
import type { KindDefinition } from "./definition";

/** MySQL: the database the application queries. */
export const mysql: KindDefinition<DatabaseSpec, DatabaseState> = {
  kind: "mysql",
  initialState: createDatabaseState,
  behaviour: databaseBehaviour,
  killed: databaseKilled,
  settings: {
    maxConnections: { range: [1, 10_000], integer: true },
    queryMs: { range: [0.1, 60_000] },
  },
  slow: { who: "MySQL" },
};
