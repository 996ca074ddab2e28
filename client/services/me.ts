import { useEffect, useSyncExternalStore } from 'react';
import type { Me } from '../../types/auth';
import { rolesAllow, type Action } from '../../types/permissions';
import { api } from './api';
import { tokenStore } from './session';

type State = { status: 'idle' | 'loading' | 'ready' | 'error'; me: Me | null; error: unknown };

let state: State = { status: 'idle', me: null, error: null };
const listeners = new Set<() => void>();
const emit = (next: State) => {
  state = next;
  listeners.forEach((listener) => listener());
};

/** Loads the signed-in user once per session; pages share the result. */
export function loadMe(force = false): Promise<void> {
  if (!tokenStore.get()) {
    emit({ status: 'ready', me: null, error: null });
    return Promise.resolve();
  }
  if (!force && (state.status === 'loading' || state.status === 'ready')) return Promise.resolve();
  emit({ ...state, status: 'loading' });
  return api.me().then(
    (me) => emit({ status: 'ready', me, error: null }),
    (error: unknown) => emit({ status: 'error', me: null, error }),
  );
}

export function forgetMe(): void {
  emit({ status: 'idle', me: null, error: null });
}

export function useMe() {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
  useEffect(() => {
    void loadMe();
  }, []);
  return { ...current, can: (action: Action) => Boolean(current.me && rolesAllow(current.me.roles, action)), reload: () => loadMe(true) };
}
