"""Runtime shared by every contract version of ky_kontanthjaelp: errors, hardened XML parsing,
lexical conversions. Version packages import it relatively; it has no public API of its own
beyond what ``ky_kontanthjaelp`` re-exports."""
