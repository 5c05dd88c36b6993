/**
 * The load engine: plans (closed or open workload), scenarios (one channel's work), and the
 * runner that ramps channels up in steps, records every iteration and samples the target.
 */
package dev.speechload.core.engine;
