// An attachment that calls `load` once, when its element comes within 200 px of the viewport.

export function whenVisible(load: () => void): (node: Element) => () => void {
  return (node) => {
    if (typeof IntersectionObserver === 'undefined') {
      load();
      return () => {};
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          load();
        }
      },
      { rootMargin: '200px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  };
}
