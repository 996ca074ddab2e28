/** The platform's own date picker behind a calendar glyph: it opens on `value` (YYYY-MM-DD) and answers the day picked. */
export declare function DayPicker(props: { name: string; value: string; onPick: (day: string) => void }): JSX.Element;
