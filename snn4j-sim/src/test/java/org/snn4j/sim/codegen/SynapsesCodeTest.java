package org.snn4j.sim.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The helpers the range form of on_pre uses to find a row's part in a target range. */
class SynapsesCodeTest {

    @Test
    void sortedRowsAndLowerBounds() {
        // rows: [2, 5, 5, 9], [], [0, 7]
        int[] rowStart = {0, 4, 4, 6};
        int[] post = {2, 5, 5, 9, 0, 7};
        assertTrue(SynapsesCode.rowsSorted(rowStart, post));
        // a row may decrease only across a row boundary (9 -> 0 above); within a row it may not
        assertFalse(SynapsesCode.rowsSorted(rowStart, new int[] {2, 5, 4, 9, 0, 7}));
        assertFalse(SynapsesCode.rowsSorted(null, post));
        // first index of row 0 with post >= key
        assertEquals(0, SynapsesCode._lowerBound(post, 0, 4, 0));
        assertEquals(0, SynapsesCode._lowerBound(post, 0, 4, 2));
        assertEquals(1, SynapsesCode._lowerBound(post, 0, 4, 3));
        assertEquals(1, SynapsesCode._lowerBound(post, 0, 4, 5));
        assertEquals(3, SynapsesCode._lowerBound(post, 0, 4, 6));
        assertEquals(4, SynapsesCode._lowerBound(post, 0, 4, 10));
        assertEquals(4, SynapsesCode._lowerBound(post, 4, 4, 1));   // empty row
        assertEquals(5, SynapsesCode._lowerBound(post, 4, 6, 1));
    }
}
