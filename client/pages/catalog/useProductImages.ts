import { useEffect, useRef, useState } from 'react';
import { catalogApi, type ProductView } from './catalog-api';

/**
 * The product's pictures in its order, each as a local address fetched with the session (see catalogApi.image) once:
 * a picture added or removed later does not fetch the others again. One that cannot be fetched is left out.
 */
export function useProductImages(product: Pick<ProductView, 'id' | 'imageIds'> | null): { imageId: string; source: string }[] {
  const [sources, setSources] = useState<Record<string, string | null>>({});
  const asked = useRef(new Set<string>());
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
  }, [product?.id, imageIds.join()]);
  return imageIds.flatMap((imageId) => (sources[imageId] ? [{ imageId, source: sources[imageId] }] : []));
}
