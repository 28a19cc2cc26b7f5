// Which folder may import which (docs/architecture.md "Boundaries"). A relative import is resolved
// against the importing file, so the rule holds however deep the file sits.
import path from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

// Folders are named from the repository root (this file's parent folder), wherever ESLint runs.
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const builtins = new Set(builtinModules);

function isBuiltin(spec) {
  return spec.startsWith('node:') || builtins.has(spec.split('/')[0]);
}

function inside(rel, folder) {
  return rel === folder || rel.startsWith(`${folder}/`);
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports inside the boundaries between folders' },
    schema: [
      {
        type: 'object',
        properties: {
          folders: { type: 'array', items: { type: 'string' } },
          builtins: { type: 'boolean' },
          because: { type: 'string' },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { folders = [], builtins: noBuiltins = false, because = '' } = context.options[0] ?? {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      if (noBuiltins && isBuiltin(spec)) {
        context.report({ node, message: `Do not import Node's "${spec}" here: ${because}` });
        return;
      }
      if (!spec.startsWith('.')) return;
      const target = path.resolve(path.dirname(context.filename), spec);
      const rel = path.relative(root, target).split(path.sep).join('/');
      const hit = folders.find((f) => inside(rel, f));
      if (hit) context.report({ node, message: `Do not import from ${hit} here: ${because}` });
    };
    const fromSource = (node) => {
      if (node.source) check(node.source, node.source.value);
    };
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node.source, node.source.value);
      },
    };
  },
};

// Registered twice so that the layer rule and the test-code rule keep their own options.
export default { rules: { layers: rule, 'no-test-code': rule } };
