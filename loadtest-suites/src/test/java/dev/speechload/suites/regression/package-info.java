/**
 * The regression test of the toolkit itself: one suite run against fresh reference servers, clean
 * and with injected faults, each run judged against a baseline recorded in the same test, to
 * show that the gate passes clean runs and fails faulty ones on the right metric. Test sources
 * only; nothing here is API.
 */
package dev.speechload.suites.regression;
