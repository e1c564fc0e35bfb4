/** A HAL reference inside `_links`. */
export interface HalRef {
  href?: string
}

/** `_links` of a paged envelope; `next`/`previous` appear only when such a page exists. */
export interface Links {
  self: HalRef
  current: HalRef
  next?: HalRef
  previous?: HalRef
}

/** Paging fields shared by every paged list (`#/components/schemas/Companies/allOf/1`). */
export interface PagingInfo {
  pageNumber: number
  pageSize: number
  totalResults: number
  _links: Links
}

/** A paged envelope: `results` plus {@link PagingInfo}. */
export interface Paged<T> extends PagingInfo {
  results?: T[]
}

/** Query parameters accepted by every paged list endpoint. */
export interface PageParams {
  /** 1-based page number (default 1). */
  page?: number
  /** 1…5000 (default 100). */
  pageSize?: number
  /** Codat query language, e.g. `status=Pending`; URL-encoded by the client. */
  query?: string
  /** A field name, `-` prefix for descending, e.g. `-requestedOnUtc`. */
  orderBy?: string
}
