// The few DOM members that the functions run inside the page use. The project's tsconfig
// has no DOM library (everything else runs in Node), so they are declared here rather than
// pulling the DOM's globals into every file of the program.

export interface PageElement {
  readonly textContent: string | null;
  readonly innerText: string;
  readonly parentElement: PageElement | null;
  readonly style: { readonly top: string };
  readonly classList: Iterable<string>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { readonly top: number; readonly bottom: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

export interface PageCanvas extends PageElement {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { readonly data: Uint8ClampedArray } } | null;
}
