/**
 * Files stay readable in one sitting: no file in src/ over 250 lines, and no function
 * over 60 lines unless its doc comment (or the doc comment of the function it sits in)
 * says why it is long (docs/architecture.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.join(import.meta.dirname, '..', '..', 'src');
const MAX_FILE_LINES = 250;
const MAX_FUNCTION_LINES = 60;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The text before a node and before each function or statement around it. */
function leadingTextOf(node: ts.Node, sf: ts.SourceFile): string {
  let text = '';
  for (let n: ts.Node | undefined = node; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isFunctionLike(n) || ts.isVariableStatement(n) || ts.isStatement(n) || ts.isPropertyAssignment(n)) {
      text += sf.getFullText().slice(n.getFullStart(), n.getStart(sf));
    }
  }
  return text;
}

function longFunctionsWithoutWhy(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && 'body' in n && n.body) {
      const start = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(n.end).line;
      if (end - start + 1 > MAX_FUNCTION_LINES && !/Long because/.test(leadingTextOf(n, sf))) {
        found.push(`${path.relative(SRC, file)}:${start + 1} (${end - start + 1} lines)`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe('size limits in src/', () => {
  const files = sourceFiles(SRC);

  it(`no file over ${MAX_FILE_LINES} lines`, () => {
    const long = files
      .map((f) => [path.relative(SRC, f), fs.readFileSync(f, 'utf8').split('\n').length - 1] as const)
      .filter(([, lines]) => lines > MAX_FILE_LINES);
    expect(long).toEqual([]);
  });

  it(`no function over ${MAX_FUNCTION_LINES} lines without a doc comment saying why ("Long because …")`, () => {
    expect(files.flatMap(longFunctionsWithoutWhy)).toEqual([]);
  });
});
