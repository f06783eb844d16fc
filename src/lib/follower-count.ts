/**
 * The Follow widget's count line. Pure formatting: the number itself is read
 * at build time through the follower store's read-only entry point
 * (src/followers/store/read-only.ts `getBuildFollowerCount`).
 */

/** The widget's line: "Join 3,164 other followers" (singular for one). */
export function formatJoinFollowers(count: number): string {
  const noun = count === 1 ? 'follower' : 'followers';
  return `Join ${count.toLocaleString('en-US')} other ${noun}`;
}
