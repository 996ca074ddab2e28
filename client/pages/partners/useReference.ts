import { useEffect, useState } from 'react';
import type { Level, Staff } from '../../../types/partners';
import { api } from '../../services/api';
import { useMe } from '../../services/me';

/** Partner levels, highest first, for pickers and labels (empty for roles that may not read them). */
export function useLevels(): Level[] {
  const [levels, setLevels] = useState<Level[]>([]);
  const { can } = useMe();
  const allowed = can('levels.read');
  useEffect(() => {
    if (allowed) api.levels.list().then(setLevels, () => setLevels([]));
  }, [allowed]);
  return levels;
}

/** Active channel managers, for assigning partners (admins only). */
export function useChannelManagers(): Staff[] {
  const [managers, setManagers] = useState<Staff[]>([]);
  const { can } = useMe();
  const allowed = can('staff.read');
  useEffect(() => {
    if (allowed) api.staff.list({ role: 'channel_manager', limit: 100 }).then((page) => setManagers(page.items.filter((s) => s.status === 'active')), () => setManagers([]));
  }, [allowed]);
  return managers;
}
