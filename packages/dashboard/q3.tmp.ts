import { createClient } from '@libsql/client';
const db = createClient({ url: 'file::memory:' });
console.log((await db.execute("select sqlite_version() v")).rows[0]);
await db.executeMultiple(`CREATE TABLE a (k TEXT PRIMARY KEY, n INTEGER, m TEXT) WITHOUT ROWID; CREATE TABLE b (k TEXT, x INTEGER);
CREATE TRIGGER t AFTER INSERT ON b BEGIN INSERT INTO a (k, n, m) VALUES (NEW.k, 1, NEW.k) ON CONFLICT (k) DO UPDATE SET n = n + excluded.n, m = min(m, excluded.m); END;
INSERT INTO b VALUES ('x', 1); INSERT INTO b VALUES ('x', 2);`);
console.log((await db.execute("select * from a")).rows);
