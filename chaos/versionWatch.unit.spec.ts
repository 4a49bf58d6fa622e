// The watch that no document's version moves backwards: it must catch a real step back between readings one after
// the other, and must not report two overlapping readings answered out of order (the oracle reads concurrently).
import { createVersionWatch } from './versionWatch.js';

describe('the version watch', () => {
  it('reports a document whose version went down between readings one after the other, not one that stayed or rose', () => {
    const w = createVersionWatch();
    w.see('orders/o1', 3, w.begin());
    w.see('orders/o1', 3, w.begin());
    w.see('orders/o1', 4, w.begin());
    expect(w.backwards()).toEqual([]);
    w.see('orders/o1', 2, w.begin());
    expect(w.backwards()).toEqual(['orders/o1 went from version 4 to 2']);
  });

  it('does not compare overlapping readings: the one answered last may have read the document first', () => {
    const w = createVersionWatch();
    const sampler = w.begin(); // sent, reads v2 in Elasticsearch, answer slow to arrive
    const judge = w.begin(); // sent later, reads v3 after the projector's write, answered first
    w.see('orders/o1', 3, judge);
    w.see('orders/o1', 2, sampler);
    expect(w.backwards()).toEqual([]);
    // A reading sent after both answers arrived is held to the highest of them.
    w.see('orders/o1', 2, w.begin());
    expect(w.backwards()).toEqual(['orders/o1 went from version 3 to 2']);
  });

  it('holds a reading to every answer that arrived before it was sent, whatever key order', () => {
    const w = createVersionWatch();
    const early = w.begin();
    w.see('orders/o1', 5, w.begin());
    w.see('orders/o2', 1, early);
    w.see('orders/o1', 4, early); // sent before the v5 answer arrived: may have read first
    expect(w.backwards()).toEqual([]);
    const late = w.begin();
    w.see('orders/o2', 1, late);
    w.see('orders/o1', 4, late);
    expect(w.backwards()).toEqual(['orders/o1 went from version 5 to 4']);
  });
});
