export const landingUrl = (): string | undefined => undefined;
