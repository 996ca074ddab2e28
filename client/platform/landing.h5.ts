// Read when the app starts (app.ts imports this first), before the router changes the address.
const first = window.location.href;

export const landingUrl = (): string | undefined => first;
