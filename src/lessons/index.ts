import { badCanary } from "./content/badCanary";
import { databaseFailover } from "./content/databaseFailover";
import { deployDowntime } from "./content/deployDowntime";
import { healthChecks } from "./content/healthChecks";
import { loadBalancerPair } from "./content/loadBalancerPair";
import { loadBalancing } from "./content/loadBalancing";
import { oneServerSurge } from "./content/oneServerSurge";
import { partsOfTheServer } from "./content/partsOfTheServer";
import { safeDeploys } from "./content/safeDeploys";
import { scalingOut } from "./content/scalingOut";
import { typeAUrl } from "./content/typeAUrl";
import { whenPartsFail } from "./content/whenPartsFail";
import type { Lesson } from "./types";

/** Every lesson, in the order a course takes them. One file each in ./content. */
export const LESSONS: readonly Lesson[] = [
  typeAUrl,
  partsOfTheServer,
  whenPartsFail,
  deployDowntime,
  oneServerSurge,
  loadBalancing,
  healthChecks,
  loadBalancerPair,
  databaseFailover,
  safeDeploys,
  badCanary,
  scalingOut,
];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

export type * from "./types";
