import { describe, expect, it } from "vitest";
import { codeSpansHtml, dedent, demoteHeadings, fenceFor, inlineHtml, markdownToHtml } from "./student-text.ts";

describe("markdownToHtml", () => {
  it("renders paragraphs, lists, code, emphasis and links", () => {
    const html = markdownToHtml("Hello **world** and *you*.\n\n- one\n- `two`\n\n1. first\n2. second\n\n```ts\nconst a = 1 < 2;\n```\n\n[site](https://example.edu)");
    expect(html).toBe(
      "<p>Hello <strong>world</strong> and <em>you</em>.</p>\n" +
        "<ul>\n<li>one</li>\n<li><code>two</code></li>\n</ul>\n" +
        "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n" +
        '<pre><code class="language-ts">const a = 1 &lt; 2;\n</code></pre>\n' +
        '<p><a href="https://example.edu">site</a></p>',
    );
  });

  it("escapes any HTML and refuses javascript: links", () => {
    const html = markdownToHtml('<img src=x onerror="alert(1)"> [x](javascript:alert(1))');
    expect(html).not.toContain("<img");
    expect(html).not.toContain('href="javascript');
    expect(markdownToHtml("[x](JavaScript:alert(1)) [y](data:text/html,hi) [z](mailto:a@example.edu)")).toBe(
      '<p>[x](JavaScript:alert(1)) [y](data:text/html,hi) <a href="mailto:a@example.edu">z</a></p>',
    );
  });

  it("renders $inline$ and $$display$$ formulas with KaTeX, leaves prices alone", () => {
    expect(inlineHtml("cost $J$ here")).toContain('<span class="katex">');
    expect(markdownToHtml("$$\n\\frac{a}{b}\n$$")).toContain('class="katex-display"');
    expect(inlineHtml("it costs $5 and $6")).toBe("it costs $5 and $6");
    expect(inlineHtml("`$J$` stays code")).toBe("<code>$J$</code> stays code");
  });

  it("puts the student's headings below the report's own", () => {
    expect(markdownToHtml("# Top")).toBe("<h4>Top</h4>");
    expect(demoteHeadings("# Top\n```\n# code\n```")).toBe("#### Top\n```\n# code\n```");
  });
});

describe("helpers", () => {
  it("codeSpansHtml escapes everything and marks only `code`", () => {
    expect(codeSpansHtml('`v["dW1"]` has shape (3, 2) & *no* emphasis')).toBe("<code>v[&quot;dW1&quot;]</code> has shape (3, 2) &amp; *no* emphasis");
  });

  it("fenceFor is longer than any backtick run in the code", () => {
    expect(fenceFor("a")).toBe("```");
    expect(fenceFor("x = `a` + ````b````")).toBe("`````");
  });

  it("dedent removes the shared indentation only", () => {
    expect(dedent("    a\n      b\n\n    c\n")).toBe("a\n  b\n\nc");
  });
});
