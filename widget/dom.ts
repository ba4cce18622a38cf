/**
 * Elements built by one function. Text goes in as text nodes and attributes
 * through setAttribute, never as HTML, so nothing from a flow or a visitor
 * can become markup or code.
 */
type Attr = string | number | boolean | null | undefined | ((event: Event) => void);
type Child = Node | string | false | null | undefined;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, Attr> | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const name in attrs) {
    const value = attrs[name];
    if (typeof value === "function") node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, "");
    else if (value !== false && value != null) node.setAttribute(name, String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/** Text a screen reader reads and the eye does not see. */
export const hidden = (text: string) => h("span", { class: "sr" }, text);

/** A button outside any form (so never a submit): `label` as its text, `onclick` when pressed. */
export const button = (label: Child, onclick: () => void, attrs?: Record<string, Attr>) => h("button", { type: "button", ...attrs, onclick }, label);

/**
 * What sets a live region's text so that each time is announced once, the same words again too:
 * set unchanged, the text would not change and a screen reader would say nothing. The region is
 * emptied at once and filled a tenth of a second later, after an update of the accessibility tree
 * of its own; `""` leaves it empty, and a text set before the last one came drops it.
 */
export function liveText(region: HTMLElement): (text: string) => void {
  let later: ReturnType<typeof setTimeout>;
  return (text) => {
    clearTimeout(later);
    region.textContent = "";
    if (text) later = setTimeout(() => (region.textContent = text), 100);
  };
}
