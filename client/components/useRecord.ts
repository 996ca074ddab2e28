import { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * One record for a detail or edit page; reloaded when the page shows again (after an edit page returns).
 * `load` is skipped while `id` is empty (a create page).
 */
export function useRecord<T>(id: string | undefined, load: (id: string) => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(Boolean(id));
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    if (!id) return;
    setError(null);
    try {
      setData(await loadRef.current(id));
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [id]);

  useEffect(() => {
    void reload();
  }, [reload]);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void reload();
    shown.current = true;
  });

  return { data, error, loading, reload, setData };
}
