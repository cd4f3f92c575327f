import Store

/// Every area of the store on PostgreSQL: the same protocol as ``SQLiteStore``.
extension PostgresStore: Store {}
