"""Sync between vaults: identities, signed and encrypted bundles, and the merge they feed."""
