import { useEffect, type RefObject } from 'react';

/**
 * Keeps the focused control where it is on screen when a block above it in the container changes height.
 *
 * The report form's live preview answers ~250 ms after typing: a phone number detected in the first row
 * adds its Country field, and every row below moves down. A person who had just added a row and opened its
 * Type drop-down saw it close by itself: the select slid below the fold, and Mantine hides a drop-down whose
 * target is out of view. The browser's own scroll anchoring does not help (it anchors on a node inside the
 * growing row), so the page is scrolled back by as far as the control moved.
 */
export function useKeepFocusInPlace(container: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = container.current;
    if (!root || typeof ResizeObserver === 'undefined') return undefined;
    // Where the focused control was last seen (after the last scroll, focus change or resize).
    let seen: { element: Element; top: number } | null = null;
    const remember = () => {
      const active = document.activeElement;
      seen = active && root.contains(active) ? { element: active, top: active.getBoundingClientRect().top } : null;
    };
    const heights = new WeakMap<Element, number>();
    const resized = new ResizeObserver((entries) => {
      const active = document.activeElement;
      let aboveChanged = false;
      for (const entry of entries) {
        const block = entry.target;
        const box = block.getBoundingClientRect();
        const before = heights.get(block);
        heights.set(block, box.height);
        if (before === undefined || before === box.height || !active || block.contains(active)) continue;
        if (block.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING) aboveChanged = true;
      }
      // By how far the control actually moved: nothing when the browser's own anchoring already kept it.
      if (aboveChanged && seen && seen.element === active) {
        const moved = active.getBoundingClientRect().top - seen.top;
        if (moved !== 0) window.scrollBy(0, moved);
      }
      remember();
    });
    const observeChildren = () => {
      for (const child of Array.from(root.children)) resized.observe(child);
    };
    observeChildren();
    // Rows are added and removed: each new one is watched from its first size on.
    const added = new MutationObserver(observeChildren);
    added.observe(root, { childList: true });
    window.addEventListener('scroll', remember, { passive: true });
    root.addEventListener('focusin', remember);
    return () => {
      added.disconnect();
      resized.disconnect();
      window.removeEventListener('scroll', remember);
      root.removeEventListener('focusin', remember);
    };
  }, [container]);
}
