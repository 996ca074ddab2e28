import { useEffect, useState } from 'react';
import type { Account } from '../../types/accounts';
import type { Page } from '../../types/common';
import type { Opportunity } from '../../types/opportunities';
import type { Level, Staff } from '../../types/partners';
import { api, http } from './api';
import { useMe } from './me';

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

/** Active upstream staff (admins and channel managers), for naming approvers. */
export function useUpstreamStaff(): Staff[] {
  const [staff, setStaff] = useState<Staff[]>([]);
  const { can } = useMe();
  const allowed = can('staff.read');
  useEffect(() => {
    if (allowed) api.staff.list({ limit: 100 }).then((page) => setStaff(page.items.filter((s) => s.status === 'active')), () => setStaff([]));
  }, [allowed]);
  return staff;
}

/**
 * The active accounts the caller may sell to (their own; a partner admin's, their company's): the customers they file
 * opportunities, quotes and orders for. The first 100, most recent first.
 */
export function useMyAccounts(enabled = true): Account[] {
  const [accounts, setAccounts] = useState<Account[]>([]);
  useEffect(() => {
    if (enabled) http.call<Page<Account>>('GET', '/accounts', { query: { state: 'active', limit: 100 } }).then((page) => setAccounts(page.items), () => setAccounts([]));
  }, [enabled]);
  return accounts;
}

/** An account's open opportunities, for linking a quote to one (none while no account is chosen). */
export function useOpenOpportunities(accountId: string): Opportunity[] {
  const [opportunities, setOpportunities] = useState<Opportunity[]>([]);
  useEffect(() => {
    setOpportunities([]);
    // Only the answer for the account still chosen counts (choosing quickly must not list another's).
    let current = true;
    if (accountId) {
      http.call<Page<Opportunity>>('GET', '/opportunities', { query: { accountId, state: 'open', limit: 100 } }).then(
        (page) => current && setOpportunities(page.items),
        () => current && setOpportunities([]),
      );
    }
    return () => {
      current = false;
    };
  }, [accountId]);
  return opportunities;
}
