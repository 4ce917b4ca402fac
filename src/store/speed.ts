/**
 * Playback speeds. "Slow motion" is paced by what is on screen: every hop takes
 * about the same real time to cross, however short it is in simulated time.
 * The others are fixed multiples of real time.
 */
export const SPEEDS = [
  {
    id: "slow",
    label: "Slow motion: about a second per hop",
    short: "Slow motion",
    rate: undefined,
  },
  { id: "0.1", label: "One tenth of real time", short: "0.1×", rate: 0.1 },
  { id: "1", label: "Real time", short: "1×", rate: 1 },
  { id: "10", label: "10 times real time", short: "10×", rate: 10 },
  { id: "100", label: "100 times real time", short: "100×", rate: 100 },
] as const;
export type Speed = (typeof SPEEDS)[number];
export type SpeedId = Speed["id"];

export const DEFAULT_SPEED: SpeedId = "slow";

export function speedById(id: string): Speed | undefined {
  return SPEEDS.find((s) => s.id === id);
}
