// What each change to each table costs a projection: per path through the declaration, the columns whose change
// routes an update, whether updates carry before images (without them every update routes), and how the dirty
// documents are found (the row carries the root key, or the fan-out SQL runs). `sluice projection describe`.
import type { BeforeImageStatus } from './beforeImages.js';
import type { Projection } from './declaration.js';
import { dependencies } from './dependencies.js';
import { lookupSql } from './routing.js';

export interface DependencyDescription {
  table: string;
  /** `orders.id <- order_lines.order_id, products.id <- order_lines.product_id`: how the table is reached from the root. */
  path: string;
  columns: string[];
  /** null when the database was not asked. */
  beforeImages: boolean | null;
  /** What an update of any other column costs, and what one of these costs. */
  onUpdate: string;
  /** The fan-out query, $1 = the changed rows' key values; null when the row carries the root key. */
  fanOutSql: string | null;
}

export function describeProjection(projection: Projection, images: readonly BeforeImageStatus[] | null): DependencyDescription[] {
  return dependencies(projection).map((d) => {
    const steps = d.path.map((h, i) => `${i === 0 ? projection.root.table : d.path[i - 1]!.table}.${h.parentKey} -> ${h.table}.${h.key}`);
    const direct = d.path.length === 0 || (d.path.length === 1 && d.path[0]!.parentKey === projection.root.key);
    const image = images?.find((i) => i.table === d.table);
    const beforeImages = image ? image.beforeImages : null;
    const target = direct ? 'the one document whose root key the row carries' : 'every document the fan-out SQL finds';
    const onUpdate =
      beforeImages === false
        ? `every update re-renders ${target} (no before images; fix: ${image?.fix ?? '-'})`
        : `re-renders ${target} only when one of these columns changed`;
    return {
      table: d.table,
      path: steps.length ? steps.join(', ') : `${projection.root.table} (root)`,
      columns: [...d.columns].sort(),
      beforeImages,
      onUpdate,
      fanOutSql: direct ? null : lookupSql(projection, d),
    };
  });
}
