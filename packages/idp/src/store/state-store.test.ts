import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StateStore } from './state-store.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'state-store-'));
  dirs.push(dir);
  return join(dir, 'nested', 'state.json');
}

describe('StateStore', () => {
  it('is on disk when mutate resolves, and reloads as not new', async () => {
    const file = await tempFile();
    const { store, isNew } = await StateStore.open(file);
    expect(isNew).toBe(true);
    await store.mutate((s) => {
      s.groups.set('G', { name: 'G' });
    });
    expect(JSON.parse(await readFile(file, 'utf8')).groups.G).toEqual({ name: 'G' });
    const reopened = await StateStore.open(file);
    expect(reopened.isNew).toBe(false);
    expect(reopened.store.state.groups.get('G')).toEqual({ name: 'G' });
  });

  it('serialises concurrent mutations and leaves no temp files behind', async () => {
    const file = await tempFile();
    const { store } = await StateStore.open(file);
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        store.mutate((s) => {
          s.groups.set(`g${i}`, { name: `g${i}` });
        }),
      ),
    );
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).groups)).toHaveLength(25);
    expect(await readdir(join(file, '..'))).toEqual(['state.json']);
  });

  it('does not persist a mutation that throws', async () => {
    const file = await tempFile();
    const { store } = await StateStore.open(file);
    await expect(
      store.mutate(() => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await expect(readFile(file, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes again on flush after a failed write', async () => {
    const file = await tempFile();
    const { store } = await StateStore.open(file);
    await store.mutate(() => undefined);
    // A directory where the temp file goes makes the next write fail.
    const blocker = join(file, '..', `.state.json.${process.pid}.tmp`);
    await mkdir(blocker);
    await expect(
      store.mutate((s) => {
        s.groups.set('G', { name: 'G' });
      }),
    ).rejects.toThrow();
    await rm(blocker, { recursive: true });
    await store.flush();
    expect(JSON.parse(await readFile(file, 'utf8')).groups.G).toEqual({ name: 'G' });
  });

  it('keeps names that are Object.prototype members, `__proto__` included, across a reload', async () => {
    const file = await tempFile();
    const { store } = await StateStore.open(file);
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    await store.mutate((s) => {
      for (const name of names) s.groups.set(name, { name });
    });
    const reopened = await StateStore.open(file);
    expect([...reopened.store.state.groups.keys()]).toEqual(names);
    expect(reopened.store.state.groups.has('valueOf')).toBe(false);
  });

  it('refuses a corrupt file loudly', async () => {
    const file = await tempFile();
    const { store } = await StateStore.open(file);
    await store.mutate(() => undefined);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, '{"version":1}');
    await expect(StateStore.open(file)).rejects.toThrow(/not valid state/);
  });
});
