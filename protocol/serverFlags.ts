/**
 * The V8 flags the language server process runs with; the extension passes them when it starts
 * the server, and the benchmark runs with them too, so that it measures what users get.
 *
 * A full validation builds a tree of about 200,000 objects at 5,000 states, all alive until it is
 * done. With V8's default young generation (16 MB semi-spaces) every scavenge copies that growing
 * tree, twice before promotion: collection was about 30% of the time. 64 MB semi-spaces let more
 * of it be promoted after fewer copies. Measured (bench/README.md, three runs each way): full
 * validation at 1,000 states 21.8 -> 16.1 ms, at 5,000 states 133 -> 98.5 ms, at 20,000 states
 * 579 -> 547 ms (medians); peak RSS at 5,000 states 124 -> 140 MB. The young generation only grows
 * to this size when survivors need it, so small documents pay nothing.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
