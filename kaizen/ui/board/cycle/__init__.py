"""The tabs of the PDCA card's detail dialog (``kaizen.ui.board.detail``), one file per tab:
each builds its widgets, fills them from a read, says what was typed, and greys out what the
stage or the person's role would refuse. The dialog owns the reading and the saving."""
