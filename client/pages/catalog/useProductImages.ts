import { useEffect, useRef, useState } from 'react';
import { releaseFile } from '../../platform/files';
import { catalogApi, type ProductView } from './catalog-api';

/**
 * The product's pictures in its order, each as a local address fetched with the session (see catalogApi.image) once:
 * a picture added or removed later does not fetch the others again. One that cannot be fetched is left out.
 */
export function useProductImages(product: Pick<ProductView, 'id' | 'imageIds'> | null): { imageId: string; source: string }[] {
  const [sources, setSources] = useState<Record<string, string | null>>({});
  const asked = useRef(new Set<string>());
  const sourcesRef = useRef(sources);
  sourcesRef.current = sources;
  const imageIds = product?.imageIds ?? [];
  useEffect(() => {
    if (!product) return;
    for (const imageId of imageIds.filter((id) => !asked.current.has(id))) {
      asked.current.add(imageId);
      catalogApi.image(product.id, imageId).then(
        (source) => setSources((current) => ({ ...current, [imageId]: source })),
        () => setSources((current) => ({ ...current, [imageId]: null })),
      );
    }
    // A picture taken off the product no longer needs its local copy.
    for (const [imageId, source] of Object.entries(sourcesRef.current)) {
      if (source && !imageIds.includes(imageId)) releaseFile(source);
    }
  }, [product?.id, imageIds.join()]);
  // The local copies go with the page (in a browser each one holds the picture's bytes until released).
  useEffect(() => () => Object.values(sourcesRef.current).forEach((source) => source && releaseFile(source)), []);
  return imageIds.flatMap((imageId) => (sources[imageId] ? [{ imageId, source: sources[imageId] }] : []));
}
