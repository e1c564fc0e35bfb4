import { loadCodatConformance } from '../src/conformance/codat-documents.js'

const l = loadCodatConformance()
if (!('conformance' in l)) throw new Error(l.missing)
const c = l.conformance
const body = {
  data: {
    accountId: 'acc-1',
    transactions: [{ id: 'a', date: '2026-03-10', description: 'x', amount: 5, balance: 5 }],
  },
  changes: null,
  dataType: 'bankTransactions',
  companyId: 'e91d07ed-5d48-4d49-8868-4bd4e225a9c1',
  pushOperationKey: '3c42154d-3c2f-49e3-a313-3f3f76a6527d',
  dataConnectionKey: '75b82c3b-5722-489d-970c-507c83add2bc',
  requestedOnUtc: '2026-03-10T12:00:00Z',
  timeoutInMinutes: null,
  timeoutInSeconds: null,
  status: 'Pending',
  errorMessage: null,
  validation: null,
  statusCode: 202,
}
console.log(c.validate('POST', '/companies/a/connections/b/push/bankAccounts/c/bankTransactions', 200, body))
console.log(c.validate('GET', '/companies/a', 200, { id: 5 }))
console.log(c.validate('GET', '/companies/a', 200, 'x'))
