using 'main.bicep'

// Defaults for the council's deployment; override any of them on the command line with
// `--parameters infra/main.bicepparam --parameters nightlySchedule='0 0 2 * * *'` and so on.

param location = 'uksouth'
param namePrefix = 'cscpipe'
param nightlySchedule = '0 30 1 * * *'
param businessTimeZone = 'Europe/London'
param storageSku = 'Standard_ZRS'
param tags = {
  service: 'childrens-social-care-pipeline'
}
