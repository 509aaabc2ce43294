/**
 * Finds where an XML element's content ends without a parser holding it: for a record over
 * the cap whose content is left out of what saxes is given (saxes holds a text, a CDATA
 * section or a comment whole until its end, so a 600 MB one ran an import out of memory).
 *
 * The content is scanned in pieces as they are read, holding nothing but a few flags: the
 * element's end tag is the first `</` at depth 0, after the element's own start tag. What
 * looks like markup but is not is passed over as XML says, whatever piece boundary cuts it:
 * a CDATA section up to its `]]>` (it may hold `</notat>` literally), a comment up to its
 * `-->`, a processing instruction up to its `?>`, a start tag up to its `>` outside quoted
 * attribute values (which may hold `>` and `</notat>`), counting a child element open unless
 * it is empty (`/>`). An entity or character reference (`&lt;/notat&gt;`, `&#60;`) holds no
 * `<`, so it is text like any other; the text is UTF-16, so a character whose UTF-8 bytes
 * were cut by a read is whole here (the decoder joins them).
 *
 * It is not a parser: what it skips is not checked beyond what finding the end needs (an end
 * tag's name is not matched with its start tag's). A `<` that cannot start markup, and a
 * declaration (`<!DOCTYPE`, `<!ENTITY`) inside an element, are errors, as saxes would say.
 * The parser that goes on at the end tag checks it: at depth 0 it must close the element.
 *
 * It may also start in the element's own start tag, just after its name (`new ElementEnd(true)`),
 * for a start tag that is itself over the cap: `tagEnd` then finds that tag's `>` the same way
 * (outside quoted attribute values; a `<` in a value is passed over, though saxes would reject
 * it, as it is in a child's start tag), and says whether it was `/>` (`empty`); `scan` goes on
 * in the content from there.
 */

const TEXT = 0;
/** Just after a `<`. */
const LT = 1;
const START_TAG = 2;
const END_TAG = 3;
/** Just after `<!`: `--` or `[CDATA[` is being matched. */
const BANG = 4;
const COMMENT = 5;
const CDATA = 6;
const PI = 7;

/** An ASCII character that may start a tag name (XML NameStartChar); any other character may not. */
const nameStart = (c: string) => c > '\x7f' || /[A-Za-z_:]/.test(c);

export class ElementEnd {
  private state = TEXT;
  /** Child elements open; -1 in (or after an empty) own start tag. */
  private depth = 0;
  /** In a start tag: the quote of the attribute value it is in ('' outside one), and whether the last character outside quotes was `/`. */
  private quote = '';
  private slash = false;
  /** After `<!`: what followed it so far. */
  private decl = '';
  /** In a comment, CDATA section or processing instruction: how many of its closing `-`, `]` or `?` were just read. */
  private run = 0;
  private found = false;

  /** `inStartTag`: the scan starts in the element's own start tag, just after its name (`tagEnd`). */
  constructor(inStartTag = false) {
    if (inStartTag) {
      this.state = START_TAG;
      this.depth = -1;
    }
  }

  /**
   * Scans the next piece of the element's own start tag (`new ElementEnd(true)`). Returns the
   * index in `text` just after its `>`, or null when the tag goes on past this piece. `scan`
   * takes the content from that index, unless the element was `empty`.
   */
  tagEnd(text: string): number | null {
    if (this.state !== START_TAG || this.depth !== -1)
      throw new Error('xml-element-end: not in the element’s own start tag');
    const i = this.startTag(text, 0);
    return this.state === START_TAG ? null : i;
  }

  /** After `tagEnd` found the end of the element's own start tag: it was `/>`. */
  get empty(): boolean {
    return this.depth < 0 && this.state === TEXT;
  }

  /**
   * Scans the next piece of the content (the first one starts just after the element's start
   * tag). Returns the index in `text` of the `<` of the element's end tag: -1 when that `<` was
   * the last character of the piece before; null when the end is not in this piece.
   */
  scan(text: string): number | null {
    if (this.found) throw new Error('xml-element-end: the end was found already');
    if (this.depth < 0)
      throw new Error(
        'xml-element-end: scan is for the content, after the element’s own start tag (tagEnd); an empty element has none',
      );
    const n = text.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case TEXT: {
          const lt = text.indexOf('<', i);
          if (lt < 0) return null;
          this.state = LT;
          i = lt + 1;
          break;
        }
        case LT: {
          const c = text[i]!;
          if (c === '/') {
            if (this.depth === 0) {
              this.found = true;
              return i - 1;
            }
            this.depth--;
            this.state = END_TAG;
            i++;
          } else if (c === '!') {
            this.state = BANG;
            this.decl = '';
            i++;
          } else if (c === '?') {
            this.state = PI;
            this.run = 0;
            i++;
          } else if (nameStart(c)) {
            this.state = START_TAG;
            this.quote = '';
            this.slash = false;
          } else throw new Error(`"<" followed by ${JSON.stringify(c)} starts no markup`);
          break;
        }
        case START_TAG:
          i = this.startTag(text, i);
          break;
        case END_TAG: {
          const gt = text.indexOf('>', i);
          if (gt < 0) return null;
          this.state = TEXT;
          i = gt + 1;
          break;
        }
        case BANG: {
          this.decl += text[i++];
          if (this.decl === '--') this.enter(COMMENT);
          else if (this.decl === '[CDATA[') this.enter(CDATA);
          else if (!'--'.startsWith(this.decl) && !'[CDATA['.startsWith(this.decl))
            throw new Error(
              `"<!${this.decl}" inside an element is neither a comment nor a CDATA section (a declaration is not allowed there)`,
            );
          break;
        }
        case COMMENT:
          i = this.until(text, i, '-', 2);
          break;
        case CDATA:
          i = this.until(text, i, ']', 2);
          break;
        case PI:
          i = this.until(text, i, '?', 1);
          break;
      }
    }
    return null;
  }

  private enter(state: number): void {
    this.state = state;
    this.run = 0;
  }

  /** In a start tag, from `i`: to just after its `>` (then TEXT), or to the end of `text`. */
  private startTag(text: string, i: number): number {
    const n = text.length;
    while (i < n) {
      if (this.quote) {
        const q = text.indexOf(this.quote, i);
        if (q < 0) return n;
        this.quote = '';
        this.slash = false;
        i = q + 1;
        continue;
      }
      const c = text[i++]!;
      if (c === '>') {
        if (!this.slash) this.depth++;
        this.state = TEXT;
        return i;
      }
      if (c === '"' || c === "'") this.quote = c;
      else if (c === '<') throw new Error('"<" inside a start tag');
      this.slash = c === '/';
    }
    return n;
  }

  /**
   * In a comment, CDATA section or processing instruction, from `i`: to just after the `>` that
   * follows `need` or more of `close` (`-->`, `]]>`, `?>`; then TEXT), or to the end of `text`.
   */
  private until(text: string, i: number, close: string, need: number): number {
    const n = text.length;
    while (i < n) {
      if (this.run === 0) {
        const at = text.indexOf(close, i);
        if (at < 0) return n;
        this.run = 1;
        i = at + 1;
        continue;
      }
      const c = text[i++];
      if (c === close) this.run++;
      else if (c === '>' && this.run >= need) {
        this.state = TEXT;
        return i;
      } else this.run = 0;
    }
    return n;
  }
}
