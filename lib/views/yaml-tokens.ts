/** A highlighted piece of a YAML line. */
export interface YamlToken {
  text: string;
  type: 'key' | 'string' | 'number' | 'bool' | 'comment' | 'punct' | 'plain';
}

const KEY = /^(\s*(?:-\s+)*)([^\s#'"][^:#]*?|"[^"]*"|'[^']*')(:)(?=\s|$)/;

function valueTokens(v: string): YamlToken[] {
  if (!v) return [];
  const comment = v.search(/\s#/);
  const body = comment >= 0 ? v.slice(0, comment) : v;
  const rest: YamlToken[] = comment >= 0 ? [{ text: v.slice(comment), type: 'comment' }] : [];
  const trimmed = body.trim();
  let type: YamlToken['type'] = 'plain';
  if (/^(['"]).*\1$/.test(trimmed)) type = 'string';
  else if (/^-?\d+(\.\d+)?$/.test(trimmed)) type = 'number';
  else if (/^(true|false|null|~)$/.test(trimmed)) type = 'bool';
  else if (trimmed) type = 'string';
  return [{ text: body, type }, ...rest];
}

/** Splits one YAML line into tokens for highlighting. A line-based tokenizer is enough for display. */
export function tokenizeYamlLine(line: string): YamlToken[] {
  if (/^\s*#/.test(line)) return [{ text: line, type: 'comment' }];
  const m = KEY.exec(line);
  if (m) {
    const [all, indent = '', key = '', colon = ''] = m;
    return [
      ...(indent ? [{ text: indent, type: 'punct' as const }] : []),
      { text: key, type: 'key' },
      { text: colon, type: 'punct' },
      ...valueTokens(line.slice(all.length)),
    ];
  }
  const dash = /^(\s*-\s?)(.*)$/.exec(line);
  if (dash) return [{ text: dash[1] ?? '', type: 'punct' }, ...valueTokens(dash[2] ?? '')];
  return valueTokens(line);
}
