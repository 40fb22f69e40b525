/** The element matching `selector`, or an error naming what the page is missing. */
export function required<T extends Element = HTMLElement>(selector: string, root: ParentNode = document): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`Expected an element matching ${selector} in the page, found none. Is index.html out of date?`);
  return element;
}
