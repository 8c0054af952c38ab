import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import type { OidcSettings } from '../auth/oidc';

export interface UiConfig {
  oidc: OidcSettings | null;
  mapTileUrl: string | null;
}

const fallback: UiConfig = { oidc: null, mapTileUrl: null };
const UiConfigContext = createContext<UiConfig>(fallback);

/** Login method and map settings from the gateway (public route), before anyone logs in. */
export function UiConfigProvider({ children }: { children: ReactNode }) {
  const [config, setConfig] = useState<UiConfig>(fallback);
  useEffect(() => {
    api.get<UiConfig>('/api/v1/ui/config').then(setConfig, () => setConfig(fallback));
  }, []);
  return <UiConfigContext.Provider value={config}>{children}</UiConfigContext.Provider>;
}

export const useUiConfig = () => useContext(UiConfigContext);
