import type {
  BankFeedAccountMappingResponse,
  BankFeedMapping,
  CompanyInformation,
  GenerateOtpResponse,
} from './models/account-mapping.js'
import type { Company } from './models/company.js'
import type { Connection } from './models/connection.js'
import type { Paged } from './models/paging.js'
import type { CreateBankTransactionsResponse, PushOperation } from './models/push-operation.js'
import type {
  BankAccountCredentials,
  SourceAccount,
  SourceAccountBatchResult,
  SourceAccountV2,
} from './models/source-account.js'
import type {
  CreateBankAccountMappingRequest,
  CreateBankTransactionsRequest,
  CreateBatchSourceAccountRequest,
  CreateCompanyRequest,
  CreateConnectionRequest,
  CreateSourceAccountRequest,
  DeleteCompanyRequest,
  DeleteConnectionRequest,
  DeleteCredentialsRequest,
  DeleteSourceAccountRequest,
  GenerateCredentialsRequest,
  GenerateOtpRequest,
  GetBankAccountMappingRequest,
  GetCompanyInformationRequest,
  GetCompanyRequest,
  GetConnectionRequest,
  GetCreateOperationRequest,
  ListCompaniesRequest,
  ListConnectionsRequest,
  ListCreateOperationsRequest,
  ListSourceAccountsRequest,
  UnlinkConnectionRequest,
  UpdateSourceAccountRequest,
} from './requests.js'

/** Paged list of companies (`#/components/schemas/Companies`). */
export type Companies = Paged<Company>
/** Paged list of connections (`#/components/schemas/Connections`). */
export type Connections = Paged<Connection>
/** Paged list of push operations (`#/components/schemas/PushOperations`). */
export type PushOperations = Paged<PushOperation>

/**
 * The part of Codat's Bank Feeds API feedsync uses. Group and method names follow the official
 * `@codat/bank-feeds` 8.x SDK, so an adapter over the SDK can stand in for {@link createCodatClient}.
 * Every method rejects with a `CodatError` subclass.
 */
export interface CodatBankFeedsPort {
  readonly companies: {
    create(request: CreateCompanyRequest): Promise<Company>
    get(request: GetCompanyRequest): Promise<Company>
    list(request?: ListCompaniesRequest): Promise<Companies>
    delete(request: DeleteCompanyRequest): Promise<void>
  }
  readonly connections: {
    create(request: CreateConnectionRequest): Promise<Connection>
    get(request: GetConnectionRequest): Promise<Connection>
    list(request: ListConnectionsRequest): Promise<Connections>
    unlink(request: UnlinkConnectionRequest): Promise<Connection>
    delete(request: DeleteConnectionRequest): Promise<void>
  }
  readonly sourceAccounts: {
    create(request: CreateSourceAccountRequest): Promise<SourceAccountV2 | SourceAccount>
    /** Resolves on 201 (all created) and 207 (mixed); inspect each item's `result.statusCode`. */
    createBatch(request: CreateBatchSourceAccountRequest): Promise<SourceAccountBatchResult[]>
    list(request: ListSourceAccountsRequest): Promise<Array<SourceAccountV2 | SourceAccount>>
    update(request: UpdateSourceAccountRequest): Promise<SourceAccount>
    delete(request: DeleteSourceAccountRequest): Promise<void>
    /** Mints a new one-time QBO username/password pair. Secret: never log the result. */
    generateCredentials(request: GenerateCredentialsRequest): Promise<BankAccountCredentials>
    /** Revokes every credential pair of the connection. */
    deleteCredentials(request: DeleteCredentialsRequest): Promise<void>
    /** Mints a Sage one-time password (`POST …/bankFeeds/otp`; other platforms answer 400). Secret: never log. */
    generateOtp(request: GenerateOtpRequest): Promise<GenerateOtpResponse>
  }
  /** Source-to-target account mapping (`…/bankFeedAccounts/mapping`; Xero). */
  readonly accountMapping: {
    get(request: GetBankAccountMappingRequest): Promise<BankFeedMapping[]>
    /** A refusal is HTTP 200 with `status: 'Failed'` and an `error`: check the answer. */
    create(request: CreateBankAccountMappingRequest): Promise<BankFeedAccountMappingResponse>
  }
  /** The linked organisation (`GET …/bankFeeds/info`; Xero only). */
  readonly companyInformation: {
    get(request: GetCompanyInformationRequest): Promise<CompanyInformation>
  }
  readonly transactions: {
    create(request: CreateBankTransactionsRequest): Promise<CreateBankTransactionsResponse>
    getCreateOperation(request: GetCreateOperationRequest): Promise<PushOperation>
    listCreateOperations(request: ListCreateOperationsRequest): Promise<PushOperations>
  }
}
