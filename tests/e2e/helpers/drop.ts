/** Dropping a file on a page element the way a desktop drag does: a dragover, then a drop carrying it. */
import type { Page } from 'playwright-core';

/** Drops a CSV (or other text) file named `name` on the element with data-testid `testId`. */
export async function dropText(page: Page, testId: string, name: string, text: string, type = 'text/csv'): Promise<void> {
  await page.getByTestId(testId).evaluate(
    (el, { name, text, type }) => {
      const data = new DataTransfer();
      data.items.add(new File([text], name, { type }));
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    { name, text, type },
  );
}
