// The folder boundaries of docs/architecture.md are enforced by lint: a file that crosses one is
// refused, with the reason, and the same import from an allowed place passes.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId?.startsWith('boundaries/'))
    .map((m) => m.message);
}

describe('lint boundaries', () => {
  it('refuses an engine file that imports the console or the Electron adapter', async () => {
    const toConsole = await problems(
      'src/main/engine/proxy/x.ts',
      "import { startConsoleServer } from '../../console/http-server';\nexport const a = startConsoleServer;\n",
    );
    expect(toConsole).toEqual([expect.stringContaining('src/main/console')]);
    const electron = await problems(
      'src/main/engine/x.ts',
      "export { registerIpc } from '../electron/ipc';\n",
    );
    expect(electron).toEqual([expect.stringContaining('src/main/electron')]);
  });

  it('lets the console import the engine', async () => {
    expect(
      await problems(
        'src/main/console/x.ts',
        "import { createEngine } from '../engine';\nexport const a = createEngine;\n",
      ),
    ).toEqual([]);
  });

  it('refuses Node built-ins and main-process code in shared code', async () => {
    const found = await problems(
      'src/shared/x.ts',
      "import fs from 'node:fs';\nimport path from 'path';\nimport { AppError } from '../main/engine/types';\nexport const a = [fs, path, AppError];\n",
    );
    expect(found).toHaveLength(3);
    expect(found[2]).toContain('src/main');
  });

  it('refuses renderer code that imports from the main process', async () => {
    const found = await problems(
      'src/renderer/src/lib/x.ts',
      "import type { Clock } from '../../../main/engine/types';\nexport type A = Clock;\n",
    );
    expect(found).toEqual([expect.stringContaining('src/main')]);
  });

  it('keeps test fixtures out of production code but lets tests use them', async () => {
    const code =
      "import { ManualClock } from '../../../tests/fixtures/clock';\nexport const a = ManualClock;\n";
    expect(await problems('src/main/engine/x.ts', code)).toEqual([
      expect.stringContaining('tests'),
    ]);
    expect(await problems('src/main/engine/x.test.ts', code)).toEqual([]);
  });
});
