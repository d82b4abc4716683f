//! The memory store: a table of fixed size, so a flood of distinct keys (one per spoofed
//! address) cannot grow the process. Set-associative like a CPU cache: a key's hash picks
//! one set of [`WAYS`] slots, each slot holds a key hash and its GCRA timestamp, and a new
//! key takes the slot whose quota is (nearest to) whole again. Forgetting such a key costs
//! nothing, since a key without a slot starts with a whole quota; only when every slot of
//! a set is mid-burst is a client's debt forgotten early, and `memory_keys` sizes the
//! table so that this needs more active clients than the table holds.

use std::sync::Mutex;

use super::gcra::{Decision, Gcra};

/// Slots per set: one cache line of key hashes and timestamps.
const WAYS: usize = 8;

#[derive(Clone, Copy, Default)]
struct Slot {
    /// The key's hash; 0 is an empty slot.
    key: u64,
    /// The key's theoretical arrival time (nanoseconds since the table's clock started).
    tat: u64,
}

/// Keys and their GCRA timestamps in `sets × WAYS` slots, allocated once.
pub(crate) struct MemoryTable {
    sets: Box<[Mutex<[Slot; WAYS]>]>,
    mask: u64,
}

impl MemoryTable {
    /// A table for about `keys` keys (rounded up to a power of two sets).
    pub(crate) fn new(keys: usize) -> MemoryTable {
        let sets = keys.div_ceil(WAYS).max(1).next_power_of_two();
        MemoryTable {
            sets: (0..sets)
                .map(|_| Mutex::new([Slot::default(); WAYS]))
                .collect(),
            mask: sets as u64 - 1,
        }
    }

    /// How many keys it can hold.
    #[cfg(test)]
    pub(crate) fn capacity(&self) -> usize {
        self.sets.len() * WAYS
    }

    /// Decides a request of the key hashed to `key` at `now` (nanoseconds, never 0).
    pub(crate) fn check(&self, gcra: &Gcra, key: u64, now: u64) -> Decision {
        let key = key.max(1);
        // The high bits pick the set; the slot keeps the whole hash to tell keys apart.
        let set = &self.sets[((key >> 32 ^ key) & self.mask) as usize];
        let mut slots = set.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let index = match slots.iter().position(|s| s.key == key) {
            Some(i) => i,
            None => {
                // An empty slot or the one whose quota refills first.
                let (i, _) = slots
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, s)| if s.key == 0 { 0 } else { s.tat.max(1) })
                    .unwrap_or((0, &Slot::default()));
                slots[i] = Slot { key, tat: 0 };
                i
            }
        };
        let (decision, tat) = gcra.decide(slots[index].tat, now);
        slots[index].tat = tat;
        decision
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEC: u64 = 1_000_000_000;

    #[test]
    fn keys_are_counted_apart() {
        let table = MemoryTable::new(64);
        let gcra = Gcra::new(2, 60, 2);
        for key in [11, 12] {
            assert!(table.check(&gcra, key, SEC).admitted);
            assert!(table.check(&gcra, key, SEC).admitted);
            assert!(!table.check(&gcra, key, SEC).admitted);
        }
    }

    #[test]
    fn a_flood_of_keys_keeps_the_size_and_evicts_whole_quotas_first() {
        let table = MemoryTable::new(1024);
        assert_eq!(table.capacity(), 1024);
        let gcra = Gcra::new(1, 3600, 1);
        let spread = |key: u64| key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        // A million one-shot keys, each admitted once: the table keeps its size.
        for key in 1..1_000_000u64 {
            assert!(table.check(&gcra, spread(key), SEC).admitted);
        }
        assert_eq!(table.capacity(), 1024);
        // Two hours later their quotas are whole again. An active client spends its own ...
        let now = SEC + 7200 * SEC;
        let active = spread(2_000_000);
        assert!(table.check(&gcra, active, now).admitted);
        // ... and new keys take the slots of the whole quotas, not the active client's.
        for key in 3_000_000..3_000_200u64 {
            table.check(&gcra, spread(key), now + 1);
        }
        assert!(!table.check(&gcra, active, now + 2).admitted);
    }
}
