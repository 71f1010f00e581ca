/** The Go-template subset behind `--format` (src/model/docker/template.ts): Go's results and error texts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GoStruct, TemplateError, executePartial, executeTemplate, goFloat, goJson, parseTemplate, type GoValue } from '../../../src/model/docker/template.js';
import { templateText } from '../../../src/model/docker/format.js';

const run = (source: string, dot: GoValue): string => executeTemplate(parseTemplate(source), dot);

function failure(source: string, dot: GoValue): { kind: string; message: string } {
  try {
    run(source, dot);
  } catch (error) {
    if (error instanceof TemplateError) return { kind: error.kind, message: error.message };
    throw error;
  }
  throw new Error('expected a template error');
}

const node = new GoStruct(
  '*node.nodeContext',
  { ID: () => 'abc', Self: () => true, Hostname: () => 'm1', Tags: () => ['a', 'b'] },
  { Label: { arity: 1, call: ([key]) => (key === 'zone' ? 'eu' : '') } },
);

describe('template execution', () => {
  it('fields, methods with arguments, functions and pipelines', () => {
    expect(run('{{.Hostname}} {{.ID}}', node)).toBe('m1 abc');
    expect(run('{{.Label "zone"}}', node)).toBe('eu');
    expect(run('{{.Hostname | upper}} {{lower "AB"}} {{title "hello world"}}', node)).toBe('M1 ab Hello World');
    expect(run('[{{pad .ID 2 1}}] [{{pad "" 2 1}}] {{truncate .Hostname 1}}', node)).toBe('[  abc ] [] m');
    expect(run('{{join .Tags ","}} {{len .Tags}} {{index .Tags 1}}', node)).toBe('a,b 2 b');
    expect(run('{{split "a:b" ":"}}', node)).toBe('[a b]');
    expect(run('{{printf "%s-%d" .ID 5}}', node)).toBe('abc-5');
    expect(run('{{json .}}', node)).toBe('{"Hostname":"m1","ID":"abc","Self":true,"Tags":["a","b"]}');
  });

  it('if / else if / else, with, range, comments and trim markers', () => {
    expect(run('{{if .Self}}*{{else}} {{end}}', node)).toBe('*');
    expect(run('{{if eq .ID "x"}}x{{else if eq .ID "abc"}}y{{else}}z{{end}}', node)).toBe('y');
    expect(run('{{with .Hostname}}<{{.}}>{{end}}', node)).toBe('<m1>');
    expect(run('{{range .Tags}}({{.}}){{end}}', node)).toBe('(a)(b)');
    expect(run('{{range .None}}x{{else}}empty{{end}}', { None: [] })).toBe('empty');
    expect(run('a {{/* note */}}b', node)).toBe('a b');
    expect(run('a  {{- .ID -}}  b', node)).toBe('aabcb');
  });

  it('maps decoded from JSON: missing keys print <no value>, numbers print as float64', () => {
    const spec = { Spec: { Name: 'web', Mode: { Replicated: { Replicas: 3 } }, Limit: 1_000_000 } };
    expect(run('{{.Spec.Name}} {{.Spec.Mode.Replicated.Replicas}} {{.Spec.Nope}} {{.Spec.Limit}}', spec)).toBe('web 3 <no value> 1000000');
    expect(run('{{json .Spec.Mode}}', spec)).toBe('{"Replicated":{"Replicas":3}}');
    expect(run('{{.Spec}}', { Spec: { b: 1, a: 'x' } })).toBe('map[a:x b:1]');
    expect(run('{{.F}}', { F: 0.5 })).toBe('0.5');
    expect(() => executeTemplate(parseTemplate('{{.Spec.Nope}}'), spec, { missingKeyError: true })).toThrow('template: :1:2: executing "" at <.Spec.Nope>: map has no entry for key "Nope"');
  });

  it("Go's errors", () => {
    expect(failure('{{.Nope}}', node)).toEqual({ kind: 'exec', message: 'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *node.nodeContext' });
    expect(failure('x\n {{.A.B}}', { A: null })).toEqual({ kind: 'exec', message: 'template: :2:3: executing "" at <.A.B>: nil pointer evaluating interface {}.B' });
    expect(failure('{{.ID', node)).toEqual({ kind: 'parse', message: 'template: :1: unclosed action' });
    expect(failure('{{nope .ID}}', node)).toEqual({ kind: 'parse', message: 'template: :1: function "nope" not defined' });
    expect(failure('{{if .Self}}x', node)).toEqual({ kind: 'parse', message: 'template: :1: unexpected EOF' });
    expect(failure('{{end}}', node)).toEqual({ kind: 'parse', message: 'template: :1: unexpected {{end}}' });
    expect(failure('{{$x := 1}}', node).kind).toBe('unsupported');
    expect(failure('{{(.ID)}}', node).kind).toBe('unsupported');
    expect(failure('{{define "x"}}{{end}}', node).kind).toBe('unsupported');
  });

  it('header mode: docker swaps json/lower/upper/... for identity, and keeps what was printed before an error', () => {
    const headers = { ID: 'ID', Hostname: 'HOSTNAME' };
    expect(executePartial(parseTemplate('{{.ID}}\t{{lower .Hostname}}'), headers, { header: true })).toBe('ID\tHOSTNAME');
    expect(executePartial(parseTemplate('{{.ID}}\t{{.Label "x"}}\t{{.Hostname}}'), headers, { header: true })).toBe('ID\t');
  });

  it('goFloat matches strconv.FormatFloat(f, g, -1, 64)', () => {
    expect([0, 5, 123456, 1e6, 1234567, 0.5, 0.0001, 0.00001, -2.5e10].map(goFloat)).toEqual(['0', '5', '123456', '1e+06', '1.234567e+06', '0.5', '0.0001', '1e-05', '-2.5e+10']);
  });

  it("templateText: docker's table/json handling and escapes", () => {
    expect(templateText('json')).toBe('{{json .}}');
    expect(templateText('table {{.ID}}\\t{{.Name}}  ')).toBe('{{.ID}}\t{{.Name}}');
    expect(templateText('{{.ID}}\\n')).toBe('{{.ID}}\n');
  });
});

describe('json of strings', () => {
  it('keeps < > & (SetEscapeHTML(false)) and writes Go 1.22+ short escapes for \\b and \\f', () => {
    expect(goJson('a<b>&c')).toBe('"a<b>&c"');
    expect(goJson('x\b\fy\u0001\u2028')).toBe('"x\\b\\fy\\u0001\\u2028"');
  });
});

describe('template properties', () => {
  const text = fc.string({ maxLength: 30 }).filter((s) => !s.includes('{{'));
  const params = { seed: 20261124, numRuns: 200 };

  it('text without actions is printed as is', () => {
    fc.assert(
      fc.property(text, (s) => run(s, null) === s),
      params,
    );
  });

  it('{{.F}} prints a string field unchanged and {{json .F}} round-trips through JSON', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const dot = new GoStruct('*x', { F: () => s });
        return run('{{.F}}', dot) === s && JSON.parse(run('{{json .F}}', dot)) === s && JSON.parse(goJson(dot)).F === s;
      }),
      params,
    );
  });

  it('trim markers remove exactly the surrounding white space', () => {
    fc.assert(
      fc.property(text, fc.stringMatching(/^[ \t\n]{0,4}$/), text, (before, space, after) => {
        const out = run(`${before}${space}{{- "X" -}}${space}${after}`, null);
        return out === `${before.replace(/\s+$/, '')}X${after.replace(/^\s+/, '')}`;
      }),
      params,
    );
  });
});
