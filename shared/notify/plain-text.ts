/**
 * Markdown as plain text, for the text part of emails: what a reader of the HTML part sees, without
 * the markup (`**bold**` reads "bold", a link reads "its text (its address)", list items keep a dash).
 */
import { Lexer, type Token, type Tokens } from 'marked';

const lexer = () => new Lexer({ gfm: true, breaks: true });

function inline(tokens: Token[] | undefined): string {
  return (tokens ?? []).map(inlineToken).join('');
}

function inlineToken(token: Token): string {
  switch (token.type) {
    case 'link': {
      const { href } = token as Tokens.Link;
      const text = inline(token.tokens);
      const address = href.replace(/^mailto:/, '');
      return !text || text === address ? address : `${text} (${address})`;
    }
    case 'image':
      return (token as Tokens.Image).text;
    case 'br':
      return '\n';
    case 'codespan':
      return (token as Tokens.Codespan).text;
    default:
      if ('tokens' in token && token.tokens) return inline(token.tokens);
      return 'text' in token && typeof token.text === 'string' ? token.text : '';
  }
}

function blocks(tokens: Token[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        break;
      case 'list': {
        const list = token as Tokens.List;
        const start = typeof list.start === 'number' ? list.start : 1;
        out.push(
          list.items
            .map((item, i) => {
              const marker = list.ordered ? `${start + i}.` : '-';
              const body = blocks(item.tokens).join('\n');
              return `${marker} ${body.replace(/\n/g, `\n${' '.repeat(marker.length + 1)}`)}`;
            })
            .join('\n'),
        );
        break;
      }
      case 'blockquote':
        out.push(
          blocks((token as Tokens.Blockquote).tokens)
            .join('\n\n')
            .split('\n')
            .map((line) => (line ? `> ${line}` : '>'))
            .join('\n'),
        );
        break;
      case 'code':
        out.push((token as Tokens.Code).text);
        break;
      case 'hr':
        out.push('---');
        break;
      case 'table': {
        const table = token as Tokens.Table;
        const row = (cells: Tokens.TableCell[]) => cells.map((c) => inline(c.tokens)).join(' | ');
        out.push([row(table.header), ...table.rows.map(row)].join('\n'));
        break;
      }
      default:
        if ('tokens' in token && token.tokens) out.push(inline(token.tokens));
        else if ('text' in token && typeof token.text === 'string') out.push(token.text);
    }
  }
  return out.filter((block) => block.trim() !== '');
}

export function markdownToText(source: string): string {
  return blocks(lexer().lex(source.replace(/\r\n?/g, '\n')))
    .join('\n\n')
    .trim();
}
