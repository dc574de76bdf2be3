// Theme colours for canvases, which can't use CSS variables: the variable's value read from the page.
import { parseCssColour, type Rgb } from '../../client/src/panel/view/digits';

/** A theme colour as RGB: a canvas normalises any CSS colour through `fillStyle`. */
export function themeColour(variable: string): Rgb {
  const fallback: Rgb = { r: 128, g: 128, b: 128 };
  const themed = getComputedStyle(document.body).getPropertyValue(variable).trim() || getComputedStyle(document.body).color;
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return parseCssColour(themed) ?? fallback;
  context.fillStyle = themed;
  return parseCssColour(String(context.fillStyle)) ?? fallback;
}
