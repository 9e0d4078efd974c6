/**
 * ESLint rule `boundaries/stay-in-package`: a relative import may not leave its package's sources.
 *
 * The repository holds two published packages — the library (src/) and the local IdP
 * (packages/idp/src/) — and what one ships must not reach into the other by a relative path:
 * the IdP takes the wire protocol from `next-cognito-session/protocol`, and the library never
 * imports the IdP at all. A relative specifier is resolved against the importing file and must
 * stay under the source root configured for that file.
 */
import { dirname, relative, resolve } from 'node:path';

export const stayInPackage = {
  meta: {
    type: 'problem',
    docs: { description: 'Relative imports stay inside the package source root' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' }, name: { type: 'string' } },
        required: ['root', 'name'],
      },
    ],
    messages: {
      outside:
        "'{{specifier}}' leaves {{name}}'s sources ({{root}}/); import what another package exports by its package name",
    },
  },
  create(context) {
    const [{ root, name }] = context.options;
    const rootDir = resolve(context.cwd, root);
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = resolve(dirname(context.filename), specifier);
      const inside = relative(rootDir, target);
      if (inside.startsWith('..') || resolve(rootDir, inside) !== target) {
        context.report({ node: node.source, messageId: 'outside', data: { specifier, name, root } });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { 'stay-in-package': stayInPackage } };
